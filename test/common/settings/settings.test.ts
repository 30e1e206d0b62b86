import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pickSettingValue, readSettings } from "../../../src/common/settings/readSettings";
import { scopeOf, SECTION, SETTINGS, type SettingKey } from "../../../src/common/settings/settings";

interface Manifest {
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}
const manifest = JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as Manifest;
const contributed = manifest.contributes.configuration.properties;
const keys = Object.keys(SETTINGS) as SettingKey[];

test("package.json contributes exactly the settings the code declares, with the same types and defaults", () => {
  assert.deepEqual(Object.keys(contributed).sort(), keys.map((k) => `${SECTION}.${k}`).sort());
  for (const key of keys) {
    const s = SETTINGS[key] as { type: string; default: unknown; order: number; enum?: readonly string[]; minimum?: number; maximum?: number; pattern?: string };
    const c = contributed[`${SECTION}.${key}`];
    assert.equal(c.type, s.type, key);
    assert.deepEqual(c.default, s.default, key);
    assert.deepEqual(c.enum, s.enum ? [...s.enum] : undefined, key);
    assert.equal(c.minimum, s.minimum, key);
    assert.equal(c.maximum, s.maximum, key);
    assert.equal(c.pattern, s.pattern, key);
    assert.equal(c.scope, scopeOf(key), key);
    assert.equal(c.order, s.order, key);
    assert.ok(typeof c.markdownDescription === "string" && c.markdownDescription.length > 20, `${key} is described`);
  }
});

test("settings that pick where the key goes, what loads, what is paid or shown, and what is sent are user-level only", () => {
  const userOnly = keys.filter((k) => SETTINGS[k].userOnly);
  assert.deepEqual(userOnly.sort(), [
    "auto.askOnFirstTurn",
    "auto.threshold",
    "context.maxChars",
    "limits.dailyUsd",
    "limits.monthlyUsd",
    "log.includeContent",
    "mode",
    "prices",
    "student.gpu",
      "student.maxAnswerTokens",
    "student.model",
    // Where the whole conversation is sent, and how.
    "student.server",
    "student.serverContinuation",
    "student.serverModel",
    "student.serverPrice",
    "teacher.baseUrl",
    "teacher.cloudMaxTokens",
    "teacher.context",
    "teacher.contextBudget",
    "teacher.guidanceBudget",
    "teacher.includeUsage",
    "teacher.maxTokensField",
    "teacher.model",
    "teacher.reasoningEffort",
    "teacher.timeoutSeconds",
  ]);
  // Only the local model's own tuning may come from a workspace: it costs nothing and sends nothing.
  assert.deepEqual(keys.filter((k) => !SETTINGS[k].userOnly).sort(), [
    "student.contextSize",
    "student.gpuLayers",
    "student.idleUnloadMinutes",
    "student.inputLookup",
    "student.threads",
  ]);
  for (const key of userOnly) assert.equal(contributed[`${SECTION}.${key}`].scope, "application", key);
  assert.deepEqual(
    [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
    userOnly.map((k) => `${SECTION}.${k}`).sort(),
  );
});

test("a workspace value never reaches a user-only setting; it does reach the others", () => {
  const inspected = { globalValue: "https://api.openai.com/v1", workspaceValue: "https://evil.example/v1" };
  assert.equal(pickSettingValue(inspected, true), "https://api.openai.com/v1");
  assert.equal(pickSettingValue({ workspaceValue: "/tmp/evil.gguf" }, true), undefined);
  assert.equal(pickSettingValue({ globalValue: 32, workspaceValue: 64, workspaceFolderValue: 16 }, false), 16);
  assert.equal(pickSettingValue({ globalValue: 32, workspaceValue: 64 }, false), 64);
});

test("the settings a new user needs come first in the Settings editor", () => {
  const byOrder = [...keys].sort((a, b) => SETTINGS[a].order - SETTINGS[b].order);
  assert.deepEqual(byOrder.slice(0, 4), ["student.model", "teacher.baseUrl", "teacher.model", "mode"]);
  assert.equal(new Set(keys.map((k) => SETTINGS[k].order)).size, keys.length, "no two share a place");
  assert.match(SETTINGS["teacher.baseUrl"].description, /openrouter\.ai.*11434.*1234.*8080.*Set Teacher API Key/s);
});

test("invalid values fall back to the default and are reported", () => {
  const values: Partial<Record<SettingKey, unknown>> = {
    mode: "turbo",
    "teacher.guidanceBudget": 0,
    "teacher.timeoutSeconds": 5,
    "teacher.includeUsage": "yes",
    "teacher.baseUrl": "file:///etc/passwd",
    prices: { good: { input: 1, cachedInput: 0.5, output: 2 }, bad: { input: -1 } },
  };
  const { settings, invalid } = readSettings((key) => values[key]);
  assert.equal(settings.mode, "guided");
  assert.equal(settings["teacher.guidanceBudget"], 32);
  assert.equal(settings["teacher.timeoutSeconds"], 5);
  assert.equal(settings["teacher.includeUsage"], true);
  assert.deepEqual(settings.prices, { good: { input: 1, cachedInput: 0.5, output: 2 } });
  assert.equal(settings["teacher.baseUrl"], "https://api.openai.com/v1");
  assert.deepEqual(invalid.sort(), ["mode", "teacher.baseUrl", "teacher.guidanceBudget", "teacher.includeUsage"]);
});

test("a setting's description stands on its own: the Settings editor and the marketplace page have no README to point at", () => {
  for (const key of keys) {
    assert.doesNotMatch(SETTINGS[key].description, /README/, key);
    assert.doesNotMatch(String(contributed[`${SECTION}.${key}`].markdownDescription), /README/, key);
  }
});
