import { useCallback, useState } from 'react';
import type { Client } from '../../api/services';
import { useAppDispatch } from '../../store/hooks';
import { withClient } from '../../store/console-actions';
import { useErrorText } from '../../i18n/use-t';

/** Runs Client4 requests through the store's client. */
export function useClientRequest(): <R>(request: (client: Client) => Promise<R>) => Promise<R> {
  const dispatch = useAppDispatch();
  return useCallback(<R,>(request: (client: Client) => Promise<R>) => dispatch(withClient(request)), [dispatch]);
}

/**
 * A console action: busy while it runs, and what happened in words — a status line on success, the
 * server's error (translated when known) on failure. Returns whether it worked.
 */
export function useAction(): {
  busy: boolean;
  status: string;
  error: string;
  run: (work: () => Promise<unknown>, done?: string) => Promise<boolean>;
  /** Reports something done elsewhere (e.g. in a dialog). */
  report: (done: string) => void;
  clear: () => void;
} {
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const run = useCallback(
    async (work: () => Promise<unknown>, done = '') => {
      setBusy(true);
      setError('');
      setStatus('');
      try {
        await work();
        setStatus(done);
        return true;
      } catch (err) {
        setError(errorText(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [errorText],
  );
  const report = useCallback((done: string) => {
    setStatus(done);
    setError('');
  }, []);
  const clear = useCallback(() => report(''), [report]);
  return { busy, status, error, run, report, clear };
}
