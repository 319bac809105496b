// Cuts a byte stream into lines (newline stripped) and lines longer than 16 KiB into 16 KiB pieces,
// as Docker's log drivers do; each piece says how many bytes of the stream it used up, so a reader
// can keep the offset of the last byte it delivered.
export const MAX_LINE_BYTES = 16 * 1024;

export interface LinePiece {
  readonly data: Buffer;
  /** Bytes of the stream this piece accounts for (its data, plus the newline when it ended a line). */
  readonly bytes: number;
}

const NEWLINE = 0x0a;

export class LineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** Bytes held back: the start of a line whose end has not been seen yet. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** The complete lines (and full-size pieces of long ones) that `chunk` finishes. */
  push(chunk: Buffer): LinePiece[] {
    const buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const pieces: LinePiece[] = [];
    const max = this.maxLineBytes;
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(NEWLINE, start);
      const end = newline === -1 ? buffer.length : newline;
      if (newline !== -1 && end - start <= max) {
        pieces.push({ data: Buffer.from(buffer.subarray(start, end)), bytes: end - start + 1 });
        start = end + 1;
      } else if (end - start > max) {
        pieces.push({ data: Buffer.from(buffer.subarray(start, start + max)), bytes: max });
        start += max;
      } else {
        break;
      }
    }
    this.pending = Buffer.from(buffer.subarray(start));
    return pieces;
  }

  /** The last line when the stream ended without a newline; null when nothing is held back. */
  flush(): LinePiece | null {
    if (this.pending.length === 0) return null;
    const piece = { data: this.pending, bytes: this.pending.length };
    this.pending = Buffer.alloc(0);
    return piece;
  }
}
