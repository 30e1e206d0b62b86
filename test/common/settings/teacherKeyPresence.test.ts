import { test } from "node:test";
import assert from "node:assert/strict";
import { keySecretName } from "../../../src/common/settings/keyOrigin";
import { TeacherKeyPresence } from "../../../src/common/settings/teacherKeyPresence";

const OPENAI = "https://api.openai.com/v1";
const OPENROUTER = "https://openrouter.ai/api/v1";

/** Keys by secret name, as SecretStorage keeps them. */
function storeWith(keys: Record<string, string>): (baseUrl: string) => Promise<string | undefined> {
  return (baseUrl) => Promise.resolve(keys[keySecretName(baseUrl)]);
}

test("a key read for one origin says nothing about another: after the base URL moves, no key is set until its own is read", async () => {
  const presence = new TeacherKeyPresence(storeWith({ [keySecretName(OPENAI)]: "sk-openai" }));
  await presence.read(OPENAI);
  assert.equal(presence.has(OPENAI), true);
  assert.equal(presence.has(OPENROUTER), false, "the moved URL's origin has no key stored");
  assert.equal(presence.readFor(OPENROUTER), false, "so the owner knows to read again");
  await presence.read(OPENROUTER);
  assert.equal(presence.has(OPENROUTER), false);
  assert.equal(presence.has("https://api.openai.com/v2"), false, "back at the first origin, what was read since is for another");
  await presence.read("https://api.openai.com/v2");
  assert.equal(presence.has(OPENAI), true, "another path at the same origin shares its key");
});

test("a read overtaken by a later one is dropped: the last URL asked about wins", async () => {
  let releaseFirst!: () => void;
  const slow = new Promise<void>((resolve) => (releaseFirst = resolve));
  const presence = new TeacherKeyPresence(async (baseUrl) => {
    if (baseUrl === OPENAI) {
      await slow;
      return "sk-openai";
    }
    return undefined;
  });
  const first = presence.read(OPENAI);
  assert.equal(await presence.read(OPENROUTER), true);
  releaseFirst();
  assert.equal(await first, false, "the earlier read finished last and was not kept");
  assert.equal(presence.readFor(OPENROUTER), true);
  assert.equal(presence.has(OPENAI), false);
});

test("a teacher on this machine needs no key", () => {
  const presence = new TeacherKeyPresence(storeWith({}));
  assert.equal(presence.has("http://127.0.0.1:8787/v1"), true);
  assert.equal(presence.has("http://localhost:11434/v1"), true);
  assert.equal(presence.has(OPENAI), false, "nothing read yet is no key");
});
