"""Expected langdetect answers for LangdetectGoldenTests, computed by Python's langdetect itself.

Run with the interpreter that has langdetect 1.0.9 (Debian 12: /usr/bin/python3, package python3-langdetect):
    /usr/bin/python3 make_golden.py ../../../../../shared/data/ifeval/input_response_data_gpt4_20231107_145030_key2785fixed.jsonl texts.jsonl > golden.jsonl

Profiles are loaded in name order (os.listdir order depends on the file system) and the generator is seeded with 0
before every detection, as DetectorFactory.seed = 0 does. For every text it writes the detected code (null where
langdetect raises) and the languages with probability above 1e-6, with Python's repr of each float.
"""
import json
import os
import sys

import langdetect
from langdetect.detector_factory import DetectorFactory, PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

factory = DetectorFactory()
profiles = []
for name in sorted(os.listdir(PROFILES_DIRECTORY)):
    with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as f:
        profiles.append(f.read())
factory.load_json_profile(profiles)
factory.set_seed(0)


def detect(text):
    detector = factory.create()
    detector.append(text)
    try:
        detector._detect_block()
    except LangDetectException:
        return None, []
    probs = [(lang, p) for lang, p in zip(detector.langlist, detector.langprob) if p > 1e-6]
    return detector.detect(), [[lang, repr(p)] for lang, p in probs]


def emit(source, text, include_text):
    code, probs = detect(text)
    row = {"source": source, "code": code, "probabilities": probs}
    if include_text:
        row["text"] = text
    print(json.dumps(row, ensure_ascii=False))


responses_path, texts_path = sys.argv[1], sys.argv[2]
with open(responses_path, encoding="utf-8") as f:
    for i, line in enumerate(f):
        response = json.loads(line)["response"]
        emit(f"gpt4:{i}:full", response, False)
        emit(f"gpt4:{i}:no_stars", response.replace("*", ""), False)
with open(texts_path, encoding="utf-8") as f:
    for i, line in enumerate(f):
        emit(f"text:{i}", json.loads(line)["text"], True)
