/** A comma-separated list of names as typed in a text field: "node_modules, .git" → ["node_modules", ".git"]. */
export function parseNames(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}
