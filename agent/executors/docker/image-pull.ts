// Pulling an image the engine lacks, once for all the tasks that need it at the same moment (a deploy
// of 50 replicas asks for one pull, not 50). Failures are the engine's; the caller maps them.
import type Docker from 'dockerode';

export class ImagePuller {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly docker: Docker) {}

  pull(image: string): Promise<void> {
    let pulling = this.inFlight.get(image);
    if (pulling === undefined) {
      pulling = this.pullOnce(image).finally(() => this.inFlight.delete(image));
      this.inFlight.set(image, pulling);
    }
    return pulling;
  }

  private async pullOnce(image: string): Promise<void> {
    const progress = await this.docker.pull(image);
    // A pull that fails after it began (unknown manifest, denied) reports it in the progress stream.
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(progress, (error) => (error === null ? resolve() : reject(error)));
    });
  }
}
