// The reads a bus has open, so that closing the bus ends them (and releases their consumers) before
// the connection drains; a read after close is refused.
import { BusClosedError } from './bus-errors.ts';
import { type BusReader, openBusReader, type ReaderBody } from './bus-reader.ts';

export class OpenReaders {
  private readonly readers = new Set<BusReader<unknown>>();
  private closed = false;

  open<T>(body: ReaderBody<T>, signal: AbortSignal | undefined): BusReader<T> {
    if (this.closed) throw new BusClosedError('read');
    const reader: BusReader<T> = openBusReader(body, { signal, onClose: () => this.readers.delete(reader) });
    this.readers.add(reader);
    return reader;
  }

  get size(): number {
    return this.readers.size;
  }

  /** Refuses new reads and ends every open one. */
  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.readers].map((reader) => reader.return()));
  }
}
