// Canned answers for the demo's TEST teacher, chosen by the question, so a new user sees what a
// real teacher's opening leads to: code blocks with Copy and Insert, prose, a story. They are a
// stand-in for a real model, and the demo says so.
export const DEMO_ANSWERS: readonly { when: RegExp; answer: string }[] = [
  {
    when: /\b(python|function|code|write|implement|script|typescript|javascript)\b/i,
    answer:
      "Here is a small, tested way to do it:\n\n```python\ndef chunks(items, size):\n    \"\"\"Yield successive lists of `size` items.\"\"\"\n    for start in range(0, len(items), size):\n        yield items[start:start + size]\n```\n\nCall it as `list(chunks(data, 100))`; the last chunk may be shorter.",
  },
  {
    when: /\b(why|explain|what is|how does|difference)\b/i,
    answer:
      "In short: the event loop runs one task at a time. When a task waits on input or a timer, it hands control back, and the loop picks the next task that is ready. Nothing runs in parallel on that thread, which is why a long computation blocks everything else.",
  },
];
