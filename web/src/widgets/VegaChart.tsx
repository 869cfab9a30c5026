// One Vega-Lite chart, drawn by vega-embed (the quality page's spec comes from the server, which
// renders the same spec into the PDF report; the planning page builds its own). Expressions run
// through vega-interpreter: the Content-Security-Policy allows no eval. Every chart is an image
// named by its label (role img), so assistive technology and tests find it the same way.
import { useEffect, useRef } from "preact/hooks";
import embed, { type VisualizationSpec } from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

export function VegaChart({ spec, label }: { spec: unknown; label: string }) {
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
