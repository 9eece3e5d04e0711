/**
 * Recovery codes just made, shown this once. The way on is a full page load, not a client
 * navigation: the codes must not stay in the page's memory once the person has them.
 */
export function RecoveryCodeList({ codes, message }: { codes: string[]; message: string }) {
  return (
    <div className="stack">
      <p className="notice" role="status">
        {message}
      </p>
      <p id="recovery-codes-hint">
        <strong>Save these now; each works once; they will not be shown again.</strong> Use one
        instead of a code from the app when you do not have it with you.
      </p>
      <ul className="recovery-codes" aria-describedby="recovery-codes-hint">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <a className="button secondary" href="/account">
          I have saved them
        </a>
      </div>
    </div>
  );
}
