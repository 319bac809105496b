// Draws progress lines on a stream. On a terminal the block is redrawn in place; anywhere else (CI
// logs, tests, pipes) a line is printed only when its text changed since it was last printed, so a
// log shows each step once.
import type { ProgressLine } from './progress-lines.ts';

/** The part of a stream the renderer uses (process.stderr fits). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const ESC = '\u001b[';

export class ProgressRenderer {
  private readonly tty: boolean;
  /** Terminal: how many lines the last frame took. */
  private drawnLines = 0;
  /** Elsewhere: the text last printed under each key. */
  private readonly printed = new Map<string, string>();

  constructor(
    private readonly out: ProgressStream,
    tty = out.isTTY === true,
  ) {
    this.tty = tty;
  }

  draw(lines: readonly ProgressLine[]): void {
    if (this.tty) this.redraw(lines);
    else this.printChanges(lines);
  }

  private redraw(lines: readonly ProgressLine[]): void {
    // Longer lines would wrap and make the next frame's cursor-up miss the top of this one.
    const width = this.out.columns && this.out.columns > 1 ? this.out.columns - 1 : undefined;
    let frame = this.drawnLines > 0 ? `${ESC}${this.drawnLines}F` : '';
    for (const { text } of lines) frame += `${ESC}2K${width ? text.slice(0, width) : text}\n`;
    // Whatever the previous, taller frame left below.
    frame += `${ESC}0J`;
    this.out.write(frame);
    this.drawnLines = lines.length;
  }

  private printChanges(lines: readonly ProgressLine[]): void {
    let text = '';
    for (const line of lines) {
      // Alignment moves with the other slots' states: only a change of this line's words counts.
      const words = line.text.replace(/\s+/g, ' ');
      if (this.printed.get(line.key) === words) continue;
      this.printed.set(line.key, words);
      text += `${line.text}\n`;
    }
    if (text !== '') this.out.write(text);
  }
}
