// One Vega-Lite chart, drawn by vega-embed from the spec the server sends (the PDF report
// renders the same spec). Expressions run through vega-interpreter, so the page needs no eval.
import { useEffect, useRef } from "preact/hooks";
import embed, { type VisualizationSpec } from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

export function Chart({ spec, label }: { spec: unknown; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current || !spec) return;
    const drawn = embed(host.current, spec as VisualizationSpec, {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: expressionInterpreter,
    });
    return () => void drawn.then((result) => result.finalize());
  }, [spec]);
  // vega-embed owns the inner element (it rewrites its attributes); the figure keeps the label.
  return (
    <figure class="chart" role="img" aria-label={label}>
      <div ref={host} />
    </figure>
  );
}
