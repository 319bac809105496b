import t from 'tap';
import { classifyProposalFailure } from '../../../manager/orchestrator/orchestrator-loop-failure.ts';
import { ProposalLostError, RaftStoppedError, RaftTimeoutError } from '../../../manager/raftnode/errors.ts';
import {
  AlreadyExistsError,
  InvalidActionError,
  NotFoundError,
  VersionConflictError,
} from '../../../manager/store/errors.ts';
import { NotLeaderError } from '../../../raft/errors.ts';

t.test('refused batches are conflicts; Raft failures wait; anything else is a defect', (t) => {
  const kind = (e: unknown) => classifyProposalFailure(e).kind;
  t.equal(kind(new VersionConflictError('task', 't1', 3, 4)), 'conflict');
  t.equal(kind(new NotFoundError('task', 't1')), 'conflict');
  t.equal(kind(new AlreadyExistsError('task', 't1')), 'conflict');
  t.same(classifyProposalFailure(new NotLeaderError('m1', 'm2', 4)), { kind: 'unavailable', level: 'debug' });
  t.same(classifyProposalFailure(new RaftStoppedError()), { kind: 'unavailable', level: 'debug' });
  t.same(classifyProposalFailure(new RaftTimeoutError('proposal', 5000)), {
    kind: 'unavailable',
    level: 'warn',
  });
  t.equal(kind(new ProposalLostError(4, 2)), 'unavailable');
  t.same(classifyProposalFailure(new InvalidActionError(0, 'no member')), { kind: 'defect', level: 'error' });
  t.equal(kind(new TypeError('x')), 'defect');
  t.end();
});
