#!/usr/bin/env python3
"""check_layers.py - fails when a file under net/ includes a header of a layer above its own
or of viewer/ (docs/architecture.md). The same order is what CMake links; this check names
the offending include. Usage: check_layers.py SOURCE_DIR"""
import os
import re
import sys

# Each layer may include its own headers and those of the layers listed (transitively closed).
BELOW = {
    'base': [],
    'wire': ['base'],
    'recording': ['wire', 'base'],
    'sources': ['recording', 'wire', 'base'],
    'geo': ['base'],
    'detect': ['geo', 'base'],
    'feed': ['detect', 'geo', 'sources', 'recording', 'wire', 'base'],
}

root = sys.argv[1] if len(sys.argv) > 1 else '.'
net = os.path.join(root, 'net')
home = {}  # header name -> layer, or 'viewer'
for layer in os.listdir(net):
    for f in os.listdir(os.path.join(net, layer)):
        if f.endswith('.h'):
            home[f] = layer
for d in ('viewer', 'viewer/gl'):
    for f in os.listdir(os.path.join(root, d)):
        if f.endswith('.h'):
            home.setdefault(f, 'viewer')

include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
bad = 0
for layer in sorted(os.listdir(net)):
    if layer not in BELOW:
        print('net/%s: a folder with no place in the layer order' % layer)
        bad += 1
        continue
    allowed = {layer, *BELOW[layer]}
    for f in sorted(os.listdir(os.path.join(net, layer))):
        path = os.path.join(net, layer, f)
        for name in include.findall(open(path, encoding='utf-8').read()):
            where = home.get(os.path.basename(name))
            if '/' in name or where is None or where not in allowed:
                print('%s: includes "%s" (%s), above the %s layer' %
                      (os.path.relpath(path, root), name, where or 'unknown', layer))
                bad += 1
# The same order is what CMake links: each dg_layer(...)'s dg_* dependencies, closed
# transitively, must be exactly the layers BELOW says it may see.
cm = open(os.path.join(root, 'CMakeLists.txt'), encoding='utf-8').read()
links = {m.group(1): re.findall(r'\bdg_([a-z]+)\b', m.group(2))
         for m in re.finditer(r'dg_layer\(dg_[a-z]+ ([a-z]+)([^)]*)\)', cm)}
def closure(layer):
    out = set()
    for d in links.get(layer, []):
        out |= {d} | closure(d)
    return out
for layer, below in BELOW.items():
    if layer == 'feed':
        continue  # an executable, not a dg_layer
    if layer not in links:
        print('CMakeLists.txt: no dg_layer for net/%s' % layer)
        bad += 1
    elif closure(layer) != set(below):
        print('CMakeLists.txt: dg_%s links %s, the order says %s' %
              (layer, sorted(closure(layer)), sorted(below)))
        bad += 1
print('check_layers: %s' % ('%d include(s) out of order' % bad if bad else 'every include is in order'))
sys.exit(1 if bad else 0)
