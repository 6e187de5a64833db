/**
 * One JSON text per published value. A job's event is a single object shared by all its
 * subscribers (see `zTrackedAsyncIterable`), so keying on the object turns N serialisations of
 * the same event into one. Weak, so a text lives exactly as long as its event.
 * Callers pass only values that are never mutated after they are sent (job events).
 */
const texts = new WeakMap<object, string>();

/** `JSON.stringify(value)`, computed once per object. */
export function jsonOnce(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}
