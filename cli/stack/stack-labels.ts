// What makes a service part of a stack, as Docker marks it: the name `<stack>_<service>` and the
// label com.docker.stack.namespace=<stack> (plus covey's own covey.stack.namespace).
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import { UsageError } from '../usage-error.ts';

export const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const COVEY_STACK_NAMESPACE_LABEL = 'covey.stack.namespace';
export const STACK_IMAGE_LABEL = 'com.docker.stack.image';

/** Service names are at most 63 characters, so the stack takes at most what leaves room for one. */
const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,49}$/;

export function checkStackName(stack: string): string {
  if (!STACK_NAME.test(stack))
    throw new UsageError(
      `invalid stack name ${JSON.stringify(stack)}: 1 to 50 letters, digits, '_', '.' or '-', starting with a letter or digit`,
    );
  return stack;
}

export function stackServiceName(stack: string, service: string): string {
  return `${stack}_${service}`;
}

/** `labels` with the stack's namespace labels added (they win over the file's). */
export function withStackLabels(
  stack: string,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...labels, [STACK_NAMESPACE_LABEL]: stack, [COVEY_STACK_NAMESPACE_LABEL]: stack };
}

/** The stack a service belongs to, if any. */
export function stackOf(service: Service__Output): string | undefined {
  return service.spec?.annotations?.labels[STACK_NAMESPACE_LABEL] || undefined;
}

/** ListServices filters: the services of one stack, or (stack undefined) of every stack. */
export function stackFilter(stack?: string): { labels: Record<string, string> } {
  return { labels: { [STACK_NAMESPACE_LABEL]: stack ?? '' } };
}
