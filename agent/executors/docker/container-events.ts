// The engine's event stream narrowed to one container and a few actions (health changes, exits):
// how a controller learns a container turned healthy or unhealthy without polling inspect.
import type Docker from 'dockerode';

export interface ContainerEvent {
  /** `die`, `health_status: healthy`, … */
  readonly action: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The event stream ended or broke while someone was waiting on it: the engine went away. */
export class EventStreamEndedError extends Error {
  override name = 'EventStreamEndedError';
  constructor(options?: ErrorOptions) {
    super('the docker event stream ended', options);
  }
}

interface EngineEventJson {
  readonly Action?: unknown;
  readonly status?: unknown;
  readonly Actor?: { readonly Attributes?: Record<string, string> };
}

export class ContainerEvents {
  private readonly queue: ContainerEvent[] = [];
  private waiter: { resolve: (event: ContainerEvent) => void; reject: (error: Error) => void } | null = null;
  private ended: Error | null = null;
  private partial = '';

  private constructor(private readonly stream: NodeJS.ReadableStream & { destroy?: () => void }) {
    stream.on('data', (chunk: Buffer | string) => this.onData(chunk));
    stream.on('error', (error: Error) => this.end(new EventStreamEndedError({ cause: error })));
    stream.on('end', () => this.end(new EventStreamEndedError()));
    stream.on('close', () => this.end(new EventStreamEndedError()));
  }

  /**
   * Resolves once the engine has accepted the subscription, so a change after this point is not
   * missed: read the container's state after subscribing, then wait for events.
   */
  static async subscribe(
    docker: Docker,
    containerId: string,
    actions: readonly string[],
  ): Promise<ContainerEvents> {
    // `health_status` matches `health_status: healthy` too (the engine prefix-matches that action).
    const stream = await docker.getEvents({
      filters: { type: ['container'], container: [containerId], event: [...actions] },
    } as Docker.GetEventsOptions);
    return new ContainerEvents(stream);
  }

  /** The next event; rejects with EventStreamEndedError once the stream has ended or broken. */
  next(): Promise<ContainerEvent> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended !== null) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  close(): void {
    this.end(new EventStreamEndedError());
    this.stream.destroy?.();
  }

  private onData(chunk: Buffer | string): void {
    // The engine writes one JSON object per line; a chunk may hold several or part of one.
    this.partial += chunk.toString();
    let newline = this.partial.indexOf('\n');
    while (newline >= 0) {
      const line = this.partial.slice(0, newline).trim();
      this.partial = this.partial.slice(newline + 1);
      if (line !== '') this.push(line);
      newline = this.partial.indexOf('\n');
    }
  }

  private push(line: string): void {
    let json: EngineEventJson;
    try {
      json = JSON.parse(line) as EngineEventJson;
    } catch {
      return;
    }
    const action =
      typeof json.Action === 'string' ? json.Action : typeof json.status === 'string' ? json.status : '';
    const event: ContainerEvent = { action, attributes: { ...json.Actor?.Attributes } };
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter !== null) waiter.resolve(event);
    else this.queue.push(event);
  }

  private end(error: Error): void {
    if (this.ended !== null) return;
    this.ended = error;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }
}
