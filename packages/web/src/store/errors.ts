/** What the UI needs from a failed Client4 call (a ClientError) or any other thrown value. */
export interface ErrorInfo {
  status: number;
  id: string;
  message: string;
}

export function errorInfo(err: unknown): ErrorInfo {
  if (typeof err === 'object' && err !== null) {
    const e = err as { status_code?: unknown; server_error_id?: unknown; message?: unknown };
    return {
      status: typeof e.status_code === 'number' ? e.status_code : 0,
      id: typeof e.server_error_id === 'string' ? e.server_error_id : '',
      message: typeof e.message === 'string' ? e.message : String(err),
    };
  }
  return { status: 0, id: '', message: String(err) };
}
