// Advisories: drafts waiting for the officer's approval, and what is published (with the
// public page, and Cancel). Approval is what publishes; the server validates the CAP first.
import { useEffect, useMemo, useState } from "preact/hooks";
import { allPages, api, ok, type Schemas } from "../../api/client";
import type { LiveStore } from "../../lib/store";

type Advisory = Schemas["AdvisoryRead"];
const EVENTS = ["AdvisoryDrafted", "AdvisoryPublished", "CrewAdvisoryAcknowledged"];

export function Advisories({ store }: { store: LiveStore }) {
  const [error, setError] = useState("");
  const list = (status: string) => () =>
    allPages((cursor) => ok(api.GET("/api/v1/advisories", { params: { query: { audience: "public", status, cursor } } })));
  const drafts = useMemo(() => store.resource(list("draft"), EVENTS), [store]);
  const published = useMemo(() => store.resource(list("published"), EVENTS), [store]);
  useEffect(() => {
    void drafts.refresh();
    void published.refresh();
  }, [drafts, published]);
  const act = async (job: () => Promise<unknown>) => {
    setError("");
    try {
      await job();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    await Promise.all([drafts.refresh(), published.refresh()]);
  };
  const approve = (a: Advisory) => act(() => ok(api.POST("/api/v1/advisories/{advisory_id}/approve",
    { params: { path: { advisory_id: a.id } } })));
  const cancel = (a: Advisory) => act(() => ok(api.POST("/api/v1/advisories/{advisory_id}/follow",
    { params: { path: { advisory_id: a.id } }, body: { msg_type: "Cancel" } })));
  return (
    <section aria-label="Advisories">
      <h2>Drafts to approve</h2>
      {(drafts.data.value?.items ?? []).map((a) => (
        <div class="advisory" key={a.id}>
          <strong>{a.msg_type}: {a.headline}</strong>
          <button type="button" onClick={() => void approve(a)}>Approve and publish</button>
        </div>
      ))}
      <h2>Published</h2>
      {(published.data.value?.items ?? []).map((a) => (
        <div class="advisory" key={a.id}>
          <strong>{a.msg_type}: {a.headline}</strong>{" "}
          <a href={a.public_page} target="_blank" rel="noopener">public page</a>{" "}
          {a.msg_type !== "Cancel" && (
            <button type="button" onClick={() => void cancel(a)}>Draft a Cancel</button>
          )}
        </div>
      ))}
      <p class="error" role="alert">{error}</p>
    </section>
  );
}
