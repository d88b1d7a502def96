import { snippetSegments } from '../lib/richtext.ts';

/** A search snippet with its matches highlighted; only <mark> survives, everything else is text. */
export function Snippet({ html }: { html: string }) {
  return (
    <span className="snippet">
      {snippetSegments(html).map((s, i) => (s.marked ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </span>
  );
}
