#!/usr/bin/env python3
"""Builds RAIF rollouts from the 541 IFEval prompts and the published GPT-4 responses.

Each response is wrapped as `plan</think><answer>RESPONSE</answer>` after a qwen prompt with the CoT trigger
(the prompt text comes from `raif format render`, so it is byte-for-byte the prompt Raif renders), with an
ifeval target holding the prompt's instruction ids and kwargs. `--copies N` repeats the set N times (ids stay
unique) to make a file large enough to time.

usage: make_ifeval_rollouts.py DATA_DIR PROMPT_TEMPLATE_FILE OUT.jsonl [--copies N]
  PROMPT_TEMPLATE_FILE holds the output of `raif format render -t qwen -u {{USER}}`.
"""
import json
import sys


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    copies = int(argv[argv.index("--copies") + 1]) if "--copies" in argv else 1
    if "--copies" in argv:
        args.remove(str(copies))
    data_dir, template_file, out_path = args
    template = open(template_file, encoding="utf-8").read()
    if template.count("{{USER}}") != 1:
        sys.exit("the prompt template must contain {{USER}} exactly once")
    responses = {}
    with open(f"{data_dir}/input_response_data_gpt4_20231107_145030_key2785fixed.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            responses[row["prompt"]] = row["response"]
    prompts = [json.loads(line) for line in open(f"{data_dir}/input_data.jsonl", encoding="utf-8")]
    with open(out_path, "w", encoding="utf-8") as out:
        for copy in range(copies):
            for row in prompts:
                target = {"instruction_id_list": row["instruction_id_list"], "kwargs": row["kwargs"]}
                rollout = {
                    "id": f"{row['key']}-{copy}" if copies > 1 else row["key"],
                    "input": template.replace("{{USER}}", row["prompt"]),
                    "output": "plan</think><answer>" + responses[row["prompt"]] + "</answer>",
                    "target": json.dumps(target, ensure_ascii=False),
                    "task": "ifeval",
                }
                out.write(json.dumps(rollout, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv)
