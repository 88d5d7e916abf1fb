// Generated from src/monitoring by npm run generate; do not edit.
// The dashboards name the cluster by the label `cluster`; relabel() rewrites the forms it takes in them, as
// the generator and the Helm chart do, to _config.clusterLabel.
local forms = [["","=~\\\"$cluster\\\""],["by (",""],[", ",")"],["\"","\": true"]];
local relabel(text, label) = std.foldl(function(t, f) std.strReplace(t, f[0] + "cluster" + f[1], f[0] + label + f[1]), forms, text);
{
  grafanaDashboards+:: {
    "kafkascope-cluster.json": std.parseJson(relabel(importstr "dashboards/kafkascope-cluster.json", $._config.clusterLabel)),
    "kafkascope-topics.json": std.parseJson(relabel(importstr "dashboards/kafkascope-topics.json", $._config.clusterLabel)),
    "kafkascope-consumer-groups.json": std.parseJson(relabel(importstr "dashboards/kafkascope-consumer-groups.json", $._config.clusterLabel)),
    "kafkascope-share-groups.json": std.parseJson(relabel(importstr "dashboards/kafkascope-share-groups.json", $._config.clusterLabel)),
    "kafkascope-exporter.json": std.parseJson(relabel(importstr "dashboards/kafkascope-exporter.json", $._config.clusterLabel)),
  },
}
