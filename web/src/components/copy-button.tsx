import { useState } from "react";

/** Copies text; falls back to selecting a hidden field where the Clipboard API is blocked (plain http origins). */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else {
        const field = document.createElement("textarea");
        field.value = text;
        field.setAttribute("readonly", "");
        field.style.position = "fixed";
        field.style.opacity = "0";
        document.body.append(field);
        field.select();
        const ok = document.execCommand("copy");
        field.remove();
        if (!ok) throw new Error("copy refused");
      }
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 1500);
  };
  return (
    <button type="button" className="btn btn-small" onClick={copy}>
      {copied === "copied" ? "Copied ✓" : copied === "failed" ? "Select and copy" : label}
    </button>
  );
}
