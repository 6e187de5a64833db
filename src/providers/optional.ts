/** `{[key]: value}` when the value is present, `{}` otherwise: keeps absent fields absent, not `undefined`. */
export function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}
