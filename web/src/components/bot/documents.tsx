import { type FormEvent, useState } from "react";
import type { BotDocumentDto } from "../../../../src/api/bot-contracts.ts";
import { api, describeError } from "../../lib/api.ts";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorState, Loading } from "../state-views.tsx";

type Detail = BotDocumentDto & { chunks: Array<{ id: string; heading: string; text: string }> };

/** The knowledge base: documents, their chunks, and a form to add text, Markdown, HTML or a URL. */
export function Documents() {
  const docs = useResource("bot-documents", () =>
    api.get<{ items: BotDocumentDto[] }>("/api/bot/documents", { limit: 200 }),
  );
  const [open, setOpen] = useState<Detail | null>(null);
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [url, setUrl] = useState("");
  const [contentType, setContentType] = useState("markdown");
  const [message, setMessage] = useState<string | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const body = url.trim() ? { title, url } : { title, content, contentType };
      const doc = await api.post<BotDocumentDto & { outcome: string }>("/api/bot/documents", body);
      setMessage(`${doc.title}: ${doc.outcome}, ${doc.chunkCount} chunks`);
      setTitle("");
      setContent("");
      setUrl("");
      docs.reload();
    } catch (err) {
      setMessage(describeError(err));
    }
  };
  const remove = async (id: string) => {
    await api.delete(`/api/bot/documents/${id}`);
    if (open?.id === id) setOpen(null);
    docs.reload();
  };
  return (
    <section className="card" aria-label="Knowledge base">
      <h2>Knowledge base</h2>
      {docs.error ? <ErrorState error={docs.error} /> : null}
      {docs.loading && !docs.data ? <Loading /> : null}
      <table className="table compact">
        <thead>
          <tr>
            <th>document</th>
            <th>type</th>
            <th>chunks</th>
            <th>updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(docs.data?.items ?? []).map((d) => (
            <tr key={d.id}>
              <td>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={async () => setOpen(await api.get<Detail>(`/api/bot/documents/${d.id}`))}
                >
                  {d.title}
                </button>
                {d.sourceUrl ? <div className="muted">{d.sourceUrl}</div> : null}
              </td>
              <td>{d.contentType}</td>
              <td>{d.chunkCount}</td>
              <td>{new Date(d.updatedAt).toLocaleString()}</td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => void remove(d.id)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <section aria-label="Chunks">
          <h3>
            {open.title}: {open.chunks.length} chunks
          </h3>
          <ol>
            {open.chunks.map((c) => (
              <li key={c.id}>
                <div className="muted">{c.heading}</div>
                {c.text}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <h3>Add a document</h3>
      <form onSubmit={add} className="form-grid" style={{ display: "grid", gap: 8 }}>
        <input
          type="text"
          aria-label="Title"
          placeholder="Title (the same title replaces it)"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <select aria-label="Content type" value={contentType} onChange={(e) => setContentType(e.target.value)}>
          <option value="markdown">Markdown</option>
          <option value="text">Plain text</option>
          <option value="html">HTML</option>
        </select>
        <textarea
          aria-label="Content"
          rows={6}
          placeholder="Paste the document here…"
          value={content}
          onChange={(e) => setContent(e.target.value)}
        />
        <input
          type="text"
          aria-label="URL"
          placeholder="…or a URL to fetch once"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" disabled={!title.trim() || (!content.trim() && !url.trim())}>
          Add document
        </button>
      </form>
      {message ? <p data-testid="document-message">{message}</p> : null}
    </section>
  );
}
