#!/usr/bin/env python3
"""Functions over 150 lines in crates/ (issue 15, item 3): prints lines,
file, first line and name, longest first. A brace-matching count over
rustfmt'd code: a function ends at the first `}` at its own indentation."""
import re,sys,os
res=[]
root_dir=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','crates')
for root,_,files in os.walk(root_dir):
    if '/target' in root: continue
    for f in files:
        if not f.endswith('.rs'): continue
        p=os.path.join(root,f)
        lines=open(p,encoding='utf8').read().split('\n')
        for i,l in enumerate(lines):
            m=re.match(r'^(\s*)(pub(\([^)]*\))? )?(const )?(async )?(unsafe )?fn (\w+)',l)
            if not m: continue
            ind=m.group(1)
            # find end
            for j in range(i+1,len(lines)):
                if lines[j]==ind+'}':
                    n=j-i+1
                    if n>150:
                        # is test?
                        res.append((n,os.path.relpath(p,os.path.join(root_dir,'..')),i+1,m.group(7)))
                    break
for r in sorted(res,reverse=True): print(*r)
