/** Pretty-printed JSON for payloads and details; long bodies scroll inside their box. */
export function JsonView({ value, label }: { value: unknown; label?: string }) {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    <div className="json-view">
      {label ? <div className="json-label">{label}</div> : null}
      <pre>{text ?? "null"}</pre>
    </div>
  );
}
