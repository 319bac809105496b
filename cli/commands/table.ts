// Docker-like column output: a header row in capitals, columns separated by at least three spaces,
// the last column not padded.
const GAP = 3;

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    headers
      .map((_, i) => {
        const cell = cells[i] ?? '';
        return i === headers.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + GAP);
      })
      .join('')
      .trimEnd();
  return `${[headers, ...rows].map(line).join('\n')}\n`;
}
