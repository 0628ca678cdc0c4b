import type { ReactNode } from "react";
import { humanize } from "../lib/format.ts";
import { type Tone, toneOf } from "../lib/tones.ts";

export function Badge({
  status,
  tone,
  children,
  title,
}: {
  status?: string | null;
  tone?: Tone;
  children?: ReactNode;
  title?: string;
}) {
  const family = tone ?? toneOf(status);
  return (
    <span className={`badge tone-${family}`} title={title} data-status={status ?? undefined}>
      {children ?? humanize(status)}
    </span>
  );
}

export function Dot({ tone }: { tone: Tone }) {
  return <span className={`dot tone-${tone}`} aria-hidden="true" />;
}
