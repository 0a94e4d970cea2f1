/** The outcome of the last console action: a polite status, or an alert for a failure. */
export function Feedback({ status, error }: { status: string; error: string }) {
  return (
    <>
      <p className="console__status" role="status">
        {status}
      </p>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
