/**
 * A one-argument string function remembered for its last `size` distinct inputs. Matching folds
 * the same titles and names over and over (every candidate of every request, each dedupe key):
 * folding runs NFKD and several Unicode regexes, so repeating it was a large share of an import.
 * When full the memory is simply dropped and refilled, which keeps it bounded without LRU upkeep.
 */
export function memoized(fn: (text: string) => string, size = 20_000): (text: string) => string {
  let seen = new Map<string, string>();
  return (text) => {
    const hit = seen.get(text);
    if (hit !== undefined) return hit;
    const value = fn(text);
    if (seen.size >= size) seen = new Map();
    seen.set(text, value);
    return value;
  };
}
