// The values of `covey daemon --runtime`, apart from the executors they choose (runtime-choice.ts),
// so the command line can list them without loading an engine client.
export const RUNTIME_CHOICES = ['auto', 'docker', 'process', 'hollow', 'none'] as const;
export type RuntimeChoice = (typeof RUNTIME_CHOICES)[number];
