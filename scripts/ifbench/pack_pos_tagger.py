#!/usr/bin/env python3
"""Packs NLTK's averaged-perceptron tagger weights (the JSON export in shared/data/nltk) into the compact gzip'd
binary that Raif.Verifiers embeds (Nltk/Data/averaged_perceptron_tagger_english.bin.gz).

Format (little-endian): b"RPT1"; u16 class count, classes; u32 tagdict count, (word, u8 class index) pairs;
u32 feature count, then per feature: name, u8 entry count, entries of (u8 class index, i32 weight in thousandths).
A string is u16 byte length + UTF-8. Every weight in the source is a multiple of 0.001 (NLTK rounds averaged
weights to 3 decimals), so k / 1000.0 gives back the same double; the script checks that.
Usage: pack_pos_tagger.py SOURCE.json OUT.bin.gz
"""
import gzip, json, struct, sys

def s(buf, text):
    b = text.encode("utf-8")
    buf += struct.pack("<H", len(b)) + b

src = json.load(open(sys.argv[1], encoding="utf-8"))
classes = src["classes"]
index = {c: i for i, c in enumerate(classes)}
out = bytearray(b"RPT1")
out += struct.pack("<H", len(classes))
for c in classes:
    s(out, c)
out += struct.pack("<I", len(src["tagdict"]))
for word, tag in src["tagdict"].items():
    s(out, word); out += struct.pack("<B", index[tag])
out += struct.pack("<I", len(src["weights"]))
for feat, weights in src["weights"].items():
    s(out, feat); out += struct.pack("<B", len(weights))
    for label, w in weights.items():
        k = round(w * 1000)
        assert k / 1000.0 == w, (feat, label, w)
        out += struct.pack("<Bi", index[label], k)
with gzip.GzipFile(sys.argv[2], "wb", compresslevel=9, mtime=0) as f:
    f.write(bytes(out))
