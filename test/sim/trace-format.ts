// One-line renderings of Raft data for the simulation's trace and failure reports.
import type { Ready } from '../../raft/ready.ts';
import { type ConfChange, type HardState, type Message, MessageType } from '../../raft/types.ts';
import type { KvInput } from './history.ts';

/** One-line rendering of a message for traces and failure reports. */
export function describeMessage(m: Message): string {
  const head = `${m.type} ${m.from}->${m.to} t${m.term}`;
  switch (m.type) {
    case MessageType.App: {
      const first = m.entries[0];
      const last = m.entries[m.entries.length - 1];
      const ents = first && last ? ` ents[${first.index}..${last.index}]t${first.term}..${last.term}` : '';
      return `${head} prev=${m.index}/${m.logTerm} commit=${m.commit}${ents}`;
    }
    case MessageType.AppResp:
      return `${head} idx=${m.index}${m.reject ? ` REJECT hint=${m.rejectHint}/${m.logTerm}` : ''}`;
    case MessageType.Vote:
    case MessageType.PreVote:
      return `${head} last=${m.index}/${m.logTerm}${m.force ? ' force' : ''}`;
    case MessageType.VoteResp:
    case MessageType.PreVoteResp:
      return `${head}${m.reject ? ' REJECT' : ' grant'}`;
    case MessageType.Heartbeat:
      return `${head} commit=${m.commit}${m.ctx ? ` ctx=${m.ctx}` : ''}`;
    case MessageType.HeartbeatResp:
      return `${head}${m.ctx ? ` ctx=${m.ctx}` : ''}`;
    case MessageType.Snap:
      return `${head} snap=${m.meta.index}/${m.meta.term} off=${m.offset}+${m.data.byteLength}/${m.totalSize}${m.done ? ' done' : ''} voters=${m.meta.confState.voters.join(',')}`;
    case MessageType.SnapResp:
      return `${head} snap=${m.snapIndex}/${m.snapTerm} recv=${m.received}${m.reject ? ' REJECT' : ''}`;
    case MessageType.TransferLeader:
      return `${head} target=${m.target}`;
    case MessageType.ReadIndex:
      return `${head} ctx=${m.ctx}`;
    case MessageType.ReadIndexResp:
      return `${head} ctx=${m.ctx} idx=${m.index}${m.reject ? ' REJECT' : ''}`;
    case MessageType.TimeoutNow:
      return head;
  }
}

export function fmtHs(hs: HardState): string {
  return `term=${hs.term} vote=${hs.vote || '-'} commit=${hs.commit}`;
}

export function fmtCc(cc: ConfChange): string {
  return `${['AddVoter', 'AddLearner', 'RemoveNode'][cc.type] ?? cc.type}(${cc.nodeId})`;
}

export function fmtInput(i: KvInput): string {
  return i.kind === 'get' ? `get(${i.key})` : `${i.kind}(${i.key},${i.value})`;
}

export function fmtReady(rd: Ready): string {
  const parts: string[] = [];
  if (rd.softState) parts.push(`soft=${rd.softState.role}/${rd.softState.leader || '-'}`);
  if (rd.hardState) parts.push(`hs=${fmtHs(rd.hardState)}`);
  const f = rd.entries[0];
  const l = rd.entries[rd.entries.length - 1];
  if (f && l) parts.push(`ents=${f.index}/t${f.term}..${l.index}/t${l.term}`);
  if (rd.snapshot) parts.push(`snap=${rd.snapshot.meta.index}/t${rd.snapshot.meta.term}`);
  const cf = rd.committedEntries[0];
  const cl = rd.committedEntries[rd.committedEntries.length - 1];
  if (cf && cl) parts.push(`apply=${cf.index}..${cl.index}`);
  if (rd.readStates.length) parts.push(`reads=${rd.readStates.map((r) => `${r.ctx}@${r.index}`).join(',')}`);
  parts.push(`msgs=${rd.messages.length}${rd.mustSync ? ' sync' : ''}`);
  return parts.join(' ');
}
