import { test } from "node:test";
import assert from "node:assert/strict";
import { keySecretName, keyTravelsInTheClear } from "../../../src/common/settings/keyOrigin";

test("a key belongs to one origin: another host, port or scheme is another key", () => {
  assert.equal(keySecretName("https://api.openai.com/v1"), keySecretName("https://api.openai.com/v2/"));
  const names = ["https://api.openai.com/v1", "https://openrouter.ai/api/v1", "http://api.openai.com/v1", "https://api.openai.com:8443/v1", "http://127.0.0.1:8787/v1", "http://127.0.0.1:8788/v1"].map((u) => keySecretName(u));
  assert.equal(new Set(names).size, names.length);
  assert.equal(keySecretName("https://api.openai.com/v1"), "headstart.teacherApiKey@https://api.openai.com");
});

test("a key belongs to one role: a student server at the teacher's origin has a key of its own", () => {
  const teacher = keySecretName("https://host.example/v1", "teacher");
  const server = keySecretName("https://host.example/student/v1", "student-server");
  assert.notEqual(teacher, server, "neither gets nor replaces the other's key");
  assert.equal(teacher, keySecretName("https://host.example/v1"), "the teacher's key keeps the name earlier versions stored it under");
  assert.equal(server, keySecretName("https://host.example:443/other", "student-server"), "one per origin, whatever the path");
});

test("a key over plain http to another machine needs the user's word; https and this machine do not", () => {
  assert.equal(keyTravelsInTheClear("http://10.0.0.5:8000/v1"), true);
  assert.equal(keyTravelsInTheClear("http://gpu-box.lan/v1"), true);
  assert.equal(keyTravelsInTheClear("https://gpu-box.lan/v1"), false);
  assert.equal(keyTravelsInTheClear("http://localhost:11434/v1"), false);
  assert.equal(keyTravelsInTheClear("http://127.0.0.1:8787/v1"), false);
  assert.equal(keyTravelsInTheClear("not a url"), false);
});
