import { type FormEvent, useState } from "react";
import type { AskResultDto } from "../../../../src/api/bot-contracts.ts";
import { api, describeError } from "../../lib/api.ts";

/** "Try a question": what the bot would do, with the retrieved chunks and their scores. */
export function TryQuestion({ inboxes }: { inboxes: string[] }) {
  const [question, setQuestion] = useState("");
  const [inboxId, setInboxId] = useState("");
  const [result, setResult] = useState<AskResultDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await api.post<AskResultDto>("/api/bot/ask", { question, ...(inboxId ? { inboxId } : {}) }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-label="Try a question">
      <h2>Try a question</h2>
      <form className="toolbar" onSubmit={submit}>
        <input
          type="text"
          aria-label="Question"
          placeholder="How do I reset my password?"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          style={{ flex: 1, minWidth: 260 }}
        />
        <select aria-label="Inbox settings" value={inboxId} onChange={(e) => setInboxId(e.target.value)}>
          <option value="">default settings</option>
          {inboxes.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary" disabled={busy || question.trim() === ""}>
          Ask
        </button>
      </form>
      {error ? <p className="error-text">{error}</p> : null}
      {result ? (
        <div data-testid="ask-result">
          <p>
            <strong data-testid="ask-action">{result.action === "answer" ? "Answers" : "Hands off"}</strong> —{" "}
            <span data-testid="ask-reason">{result.reason}</span> (confidence {result.confidence.toFixed(2)}, threshold{" "}
            {result.threshold.toFixed(2)}
            {result.provider ? `, ${result.provider}` : ""}
            {result.fallback ? `; fallback: ${result.fallback}` : ""})
          </p>
          <p data-testid="ask-retrieval">
            Retrieval: {result.retrieval === "hybrid" ? "BM25 + embeddings (reciprocal rank fusion)" : "BM25"}
            {result.retrievalFallback ? ` — ${result.retrievalFallback}` : ""}
          </p>
          {result.answer ? <blockquote data-testid="ask-answer">{result.answer}</blockquote> : null}
          <table className="table compact">
            <thead>
              <tr>
                <th>score</th>
                <th>chunk</th>
              </tr>
            </thead>
            <tbody>
              {result.chunks.map((c) => (
                <tr key={c.chunkId}>
                  <td>{c.score.toFixed(2)}</td>
                  <td>
                    <div className="muted">{c.heading}</div>
                    {c.text}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
