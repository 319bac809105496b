// gRPC metadata keys of the covey.v1 protocol, shared by the servers (manager/) and the clients
// (agent/, cli/), which may not import each other.

/** Sent with FAILED_PRECONDITION / UNAVAILABLE "not the leader" statuses: the leader's host:port. */
export const LEADER_ADDR_METADATA = 'covey-leader-addr';
