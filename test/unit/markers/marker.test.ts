import { describe, expect, it } from "vitest";
import { configureMarkerSigning, markerCodec } from "../../../src/markers/codec.js";
import { readSection, writeSection } from "../../../src/markers/sections.js";
import { MARKER_SECRET } from "../../helpers/probot.js";

const markers = markerCodec("1001");

describe("signed markers", () => {
  it("round-trips data, even text that tries to close the HTML comment", () => {
    const hostile = { reason: "x --> <script>alert(1)</script> <!-- y", n: 3 };
    const marker = markers.encode("plan", hostile);
    expect(marker.match(/-->/g)).toHaveLength(1);
    expect(marker).not.toContain("<script>");
    expect(markers.find(`before\n${marker}\nafter`, "plan")).toEqual(hostile);
  });

  it("treats an edited marker as absent: a changed value, kind, or signature", () => {
    const marker = markers.encode("rollback", { releaseId: 3, tag: "v0.1.0" });
    expect(markers.find(marker.replace('"releaseId":3', '"releaseId":2'), "rollback")).toBeUndefined();
    expect(markers.find(marker.replace("anvil:rollback", "anvil:checklist"), "checklist")).toBeUndefined();
    const signature = /([0-9a-f]{32}) -->/.exec(marker)?.[1] ?? "";
    const flipped = signature.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    expect(markers.find(marker.replace(signature, flipped), "rollback")).toBeUndefined();
  });

  it("treats unsigned markers and markers from another repository as absent", () => {
    expect(markers.decode('<!-- anvil:rollback {"releaseId":2} -->')).toEqual([]);
    const elsewhere = markerCodec("2002").encode("rollback", { releaseId: 2 });
    expect(markers.decode(elsewhere)).toEqual([]);
    expect(markerCodec("2002").decode(elsewhere)).toHaveLength(1);
  });

  it("verifies markers written with a previous secret, and none after the key changes without one", () => {
    const old = markers.encode("checklist", { type: "release" });
    configureMarkerSigning("a-new-secret", [MARKER_SECRET]);
    expect(markers.find(old, "checklist")).toEqual({ type: "release" });
    configureMarkerSigning("a-new-secret");
    expect(markers.find(old, "checklist")).toBeUndefined();
    configureMarkerSigning(MARKER_SECRET);
    expect(markers.find(old, "checklist")).toEqual({ type: "release" });
  });

  it("skips malformed markers instead of throwing", () => {
    expect(markers.decode('<!-- anvil:plan {"a": } -->')).toEqual([]);
    expect(markers.decode(null)).toEqual([]);
  });

  it("replaces a marker in place (a forged one included), or prepends one", () => {
    const body = `${markers.encode("a", { v: 1 })}\ntext`;
    expect(markers.find(markers.upsert(body, "a", { v: 2 }), "a")).toEqual({ v: 2 });
    expect(markers.upsert(body, "a", { v: 2 }).endsWith("text")).toBe(true);
    expect(markers.upsert("plain", "b", {})).toBe(`${markers.encode("b", {})}\nplain`);
    const forged = '<!-- anvil:a {"v":9} -->\ntext';
    const repaired = markers.upsert(forged, "a", { v: 3 });
    expect(markers.decode(repaired)).toEqual([{ kind: "a", data: { v: 3 } }]);
    expect(repaired).not.toContain('{"v":9}');
  });

  it("rejects marker kinds that could break the comment", () => {
    expect(() => markers.encode("a -->", {})).toThrow();
  });

  it("writes and reads owned sections without touching the rest", () => {
    const once = writeSection("human text", "audit", "line 1");
    expect(readSection(once, "audit")).toBe("line 1");
    const twice = writeSection(once, "audit", "line 2");
    expect(readSection(twice, "audit")).toBe("line 2");
    expect(twice.startsWith("human text")).toBe(true);
    expect(twice.match(/anvil:section:audit/g)).toHaveLength(1);
  });
});
