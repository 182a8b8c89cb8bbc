#!/usr/bin/env python3
"""Writes a byte-level BPE tokenizer (every UTF-8 byte one token, plus ChatML specials, so raif detects the qwen
chat layout) and a tiny Qwen2 config, for `raif model init` in bench/serve/run.sh.

usage: make_tiny_tokenizer.py OUT_DIR
"""
import json
import os
import sys


def main(out):
    os.makedirs(out, exist_ok=True)
    printable = set(range(ord("!"), ord("~") + 1)) | set(range(0xA1, 0xAD)) | set(range(0xAE, 0x100))
    vocab, shifted = {}, 0
    for b in range(256):
        if b in printable:
            vocab[chr(b)] = b
        else:
            vocab[chr(256 + shifted)] = b
            shifted += 1

    def special(i, content):
        return {"id": i, "content": content, "special": True, "normalized": False}

    tokenizer = {
        "added_tokens": [special(256, "<|endoftext|>"), special(257, "<|im_start|>"), special(258, "<|im_end|>")],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "use_regex": True},
        "decoder": {"type": "ByteLevel"},
        "model": {"type": "BPE", "vocab": vocab, "merges": []},
    }
    config = {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
              "chat_template": "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"}
    model = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
             "num_key_value_heads": 2, "tie_word_embeddings": True, "initializer_range": 0.3, "eos_token_id": 258,
             "max_position_embeddings": 2048}
    for name, data in [("tokenizer.json", tokenizer), ("tokenizer_config.json", config), ("tiny.json", model)]:
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(data, f)


if __name__ == "__main__":
    main(sys.argv[1])
