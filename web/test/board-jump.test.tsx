import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { signal } from "@preact/signals";
import { afterEach, describe, expect, it, vi } from "vitest";
import { JumpTo } from "../src/pages/board/JumpTo";
import type { BoardState } from "../src/pages/board/state";

afterEach(cleanup);

/** The two parts of the board JumpTo reads: the listed calls and a way to re-read them. */
function boardListing(ids: number[], afterRefresh: number[]) {
  const queue = signal(ids.map((id) => ({ id })));
  const refresh = vi.fn(async () => { queue.value = afterRefresh.map((id) => ({ id })); });
  return { board: { queue, incidents: { refresh } } as unknown as BoardState, refresh };
}

function jump(board: BoardState, id: number) {
  const onOpen = vi.fn();
  render(<JumpTo board={board} onOpen={onOpen} done={() => undefined} />);
  fireEvent.input(screen.getByLabelText("Call number"), { target: { value: String(id) } });
  fireEvent.submit(screen.getByRole("form", { name: "Go to a call" }));
  return onOpen;
}

describe("going to a call by its number", () => {
  it("opens a listed call at once, without re-reading the list", () => {
    const { board, refresh } = boardListing([10, 11], [10, 11]);
    expect(jump(board, 11)).toHaveBeenCalledWith(11);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("opens a call whose alert came before the list had it (the list is read again)", async () => {
    const { board, refresh } = boardListing([10], [10, 11]);
    const onOpen = jump(board, 11);
    await waitFor(() => expect(onOpen).toHaveBeenCalledWith(11));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("names the field and the problem for a number that is not an open call", async () => {
    const { board } = boardListing([10], [10]);
    const onOpen = jump(board, 12);
    expect(await screen.findByText("call: #12 is not an open call on this board")).toBeTruthy();
    expect(onOpen).not.toHaveBeenCalled();
  });
});
