import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { SessionRedirectError, SessionRpcError } from '../../../agent/session/errors.ts';

function serviceError(code: grpc.status, details: string, metadata = new grpc.Metadata()): grpc.ServiceError {
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata });
}

t.test('dispatcher statuses decide what the agent does next', async (t) => {
  const kind = (code: grpc.status) => SessionRpcError.from('m:1', 'Heartbeat', serviceError(code, 'x')).kind;
  t.equal(kind(grpc.status.INVALID_ARGUMENT), 'session-invalid', 'unknown or expired session');
  t.equal(kind(grpc.status.FAILED_PRECONDITION), 'not-leader');
  t.equal(kind(grpc.status.PERMISSION_DENIED), 'denied', 'e.g. a node removed from the cluster');
  t.equal(kind(grpc.status.UNAUTHENTICATED), 'denied');
  t.equal(kind(grpc.status.UNAVAILABLE), 'transport');
  t.equal(kind(grpc.status.CANCELLED), 'transport');
  t.equal(kind(grpc.status.DEADLINE_EXCEEDED), 'transport');
});

t.test("UNAVAILABLE naming the leader's address is a not-the-leader answer", async (t) => {
  const metadata = new grpc.Metadata();
  metadata.set('covey-leader-addr', 'leader:4240');
  const error = SessionRpcError.from(
    'm:1',
    'Heartbeat',
    serviceError(grpc.status.UNAVAILABLE, 'no', metadata),
  );
  t.equal(error.kind, 'not-leader');
  t.equal(error.leaderAddr, 'leader:4240');
});

t.test('anything that is not a gRPC status becomes UNKNOWN, keeping the cause', async (t) => {
  const cause = new TypeError('boom');
  const error = SessionRpcError.from('m:1', 'Session', cause);
  t.equal(error.code, grpc.status.UNKNOWN);
  t.equal(error.cause, cause);
  t.match(error.message, /Session on m:1 failed: UNKNOWN: boom/);
  t.equal(SessionRpcError.from('m:1', 'Session', error), error, 'not wrapped twice');
});

t.test('redirect messages say where the leader is, or that there is none', async (t) => {
  t.match(new SessionRedirectError('f:1', 'l:1', 'n1').message, /leader is n1 at l:1/);
  t.match(new SessionRedirectError('f:1', '', '').message, /knows of none/);
});
