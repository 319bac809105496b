// Original file: covey/v1/types.proto

export const LogStream = {
  LOG_STREAM_UNKNOWN: 0,
  LOG_STREAM_STDOUT: 1,
  LOG_STREAM_STDERR: 2,
} as const;

export type LogStream =
  | 'LOG_STREAM_UNKNOWN'
  | 0
  | 'LOG_STREAM_STDOUT'
  | 1
  | 'LOG_STREAM_STDERR'
  | 2

export type LogStream__Output = typeof LogStream[keyof typeof LogStream]
