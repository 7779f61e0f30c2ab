#!/usr/bin/env python3
"""Bundles the Kubernetes JSON Schemas that deploy-check validates against, one file per kind.

Source: the npm packages kubernetes-models 4.3.1 (Kubernetes 1.27.1 OpenAPI) and
@kubernetes-models/apimachinery 1.2.2, whose _schemas/*.js each hold one OpenAPI definition as a
JSON literal. Unpack both tarballs (`npm pack kubernetes-models@4.3.1 @kubernetes-models/apimachinery@1.2.2`)
and run:

  python3 kubernetes-schemas.py <kubernetes-models/package> <apimachinery/package> <out-dir>

Each output file is the kind's definition plus every definition it reaches, with references made
local (#/definitions/<id>). Like kubeconform's "strict" schemas, every object that lists its
properties and says nothing about others gets additionalProperties: false, so a misspelt field
fails instead of being dropped silently by the API server.
"""
import json, os, re, sys

KINDS = {
    "namespace-v1": "io.k8s.api.core.v1.Namespace",
    "configmap-v1": "io.k8s.api.core.v1.ConfigMap",
    "secret-v1": "io.k8s.api.core.v1.Secret",
    "service-v1": "io.k8s.api.core.v1.Service",
    "deployment-apps-v1": "io.k8s.api.apps.v1.Deployment",
    "poddisruptionbudget-policy-v1": "io.k8s.api.policy.v1.PodDisruptionBudget",
    "horizontalpodautoscaler-autoscaling-v2": "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
    "networkpolicy-networking-v1": "io.k8s.api.networking.v1.NetworkPolicy",
}

def load(dirs):
    defs = {}
    for d in dirs:
        folder = os.path.join(d, "_schemas")
        for name in os.listdir(folder):
            if not name.endswith(".js"):
                continue
            text = open(os.path.join(folder, name)).read()
            m = re.search(r"const schema = (\{.*?\n\});\nfunction addSchema", text, re.S)
            r = re.search(r'register\)\("([^"]+)", schema\)', text)
            if m and r:
                defs[r.group(1)] = json.loads(m.group(1))
    return defs

def localise(node, reached):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.endswith("#"):
                reached.add(v[:-1])
                out[k] = "#/definitions/" + v[:-1]
            else:
                out[k] = localise(v, reached)
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [localise(v, reached) for v in node]
    return node

def bundle(defs, root):
    done, todo, out = set(), [root], {}
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        reached = set()
        out[name] = localise(defs[name], reached)
        todo.extend(reached - done)
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "$comment": "Kubernetes 1.27.1 " + root + ", from npm kubernetes-models 4.3.1; see README.md",
            "$ref": "#/definitions/" + root,
            "definitions": dict(sorted(out.items()))}

if __name__ == "__main__":
    models, apimachinery, out_dir = sys.argv[1:4]
    defs = load([models, apimachinery])
    for file, root in KINDS.items():
        with open(os.path.join(out_dir, file + ".json"), "w") as f:
            json.dump(bundle(defs, root), f, indent=1, sort_keys=False)
            f.write("\n")
