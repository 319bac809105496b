// The roles a covey certificate can name in its OU: what the holder may do is decided by this field,
// which only the CA writes.

export const NODE_ROLES = ['manager', 'worker', 'admin'] as const;
/** `admin` is the CLI's client certificate; it never runs a node. */
export type NodeRole = (typeof NODE_ROLES)[number];

/** Roles a join token can grant: an admin certificate is only ever issued locally, never by joining. */
export const JOIN_ROLES = ['manager', 'worker'] as const;
export type JoinRole = (typeof JOIN_ROLES)[number];

export function isNodeRole(value: string): value is NodeRole {
  return (NODE_ROLES as readonly string[]).includes(value);
}

export function isJoinRole(value: string): value is JoinRole {
  return (JOIN_ROLES as readonly string[]).includes(value);
}
