using System.Text.Json;
using Warning.Ingest.Registry;
using Warning.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace Warning.Silo.Tests.Deploy;

/// <summary>
/// <c>deploy/k8s</c> checked without a cluster (no kubectl or schema tool is installable here): every document parses
/// and names its kind, the Kustomization lists every file, selectors match the pods they mean, silos have probes on
/// the engine's health endpoints, resources, the Orleans labels and identity, RBAC and a disruption budget.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "deploy", "k8s");

    private static List<JsonElement> Documents(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Dir, file))));
        return stream.Documents.Where(d => d.RootNode is YamlMappingNode).Select(d => YamlJson.ToJson(d.RootNode)).ToList();
    }

    private static List<JsonElement> All() =>
        Directory.GetFiles(Dir, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").SelectMany(f => Documents(Path.GetFileName(f))).ToList();

    private static JsonElement Kind(string kind, string name) =>
        All().Single(d => d.GetProperty("kind").GetString() == kind && d.GetProperty("metadata").GetProperty("name").GetString() == name);

    private static Dictionary<string, string> Map(JsonElement e) => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());

    [Fact]
    public void Every_document_has_api_version_kind_and_name_and_the_kustomization_lists_every_file()
    {
        var kustomization = Documents("kustomization.yaml").Single();
        var listed = kustomization.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!).Order().ToList();
        var files = Directory.GetFiles(Dir, "*.yaml").Select(f => Path.GetFileName(f)).Where(f => f != "kustomization.yaml").Order().ToList();
        Assert.Equal(files, listed);
        Assert.All(All(), d =>
        {
            Assert.False(string.IsNullOrEmpty(d.GetProperty("apiVersion").GetString()));
            Assert.False(string.IsNullOrEmpty(d.GetProperty("kind").GetString()));
            Assert.False(string.IsNullOrEmpty(d.GetProperty("metadata").GetProperty("name").GetString()));
        });
    }

    [Fact]
    public void Every_workload_selects_its_own_pods_and_every_service_selects_a_workload()
    {
        var workloads = All().Where(d => d.GetProperty("kind").GetString() is "StatefulSet" or "Deployment").ToList();
        Assert.NotEmpty(workloads);
        var podLabels = workloads.Select(w => Map(w.GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("labels"))).ToList();
        foreach (var (workload, labels) in workloads.Zip(podLabels))
        {
            var selector = Map(workload.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels"));
            Assert.All(selector, s => Assert.Equal(s.Value, labels.GetValueOrDefault(s.Key)));
        }
        foreach (var service in All().Where(d => d.GetProperty("kind").GetString() == "Service"))
        {
            var selector = Map(service.GetProperty("spec").GetProperty("selector"));
            Assert.Contains(podLabels, labels => selector.All(s => labels.GetValueOrDefault(s.Key) == s.Value));
        }
        var budget = Map(Kind("PodDisruptionBudget", "warning-silo").GetProperty("spec").GetProperty("selector").GetProperty("matchLabels"));
        Assert.Equal("warning-silo", budget["app"]);
    }

    [Fact]
    public void Silos_probe_the_engines_health_endpoints_carry_orleans_identity_and_have_resources()
    {
        var silo = Kind("StatefulSet", "warning-silo");
        var pod = silo.GetProperty("spec").GetProperty("template");
        var labels = Map(pod.GetProperty("metadata").GetProperty("labels"));
        Assert.True(labels.ContainsKey("orleans/serviceId") && labels.ContainsKey("orleans/clusterId"));
        var spec = pod.GetProperty("spec");
        Assert.Equal("warning-silo", spec.GetProperty("serviceAccountName").GetString());
        var container = spec.GetProperty("containers")[0];
        Assert.Equal("/readyz", container.GetProperty("readinessProbe").GetProperty("httpGet").GetProperty("path").GetString());
        Assert.Equal("/healthz", container.GetProperty("livenessProbe").GetProperty("httpGet").GetProperty("path").GetString());
        var env = container.GetProperty("env").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", "POD_NAME", "POD_NAMESPACE", "POD_IP", "Mqtt__ClientId" }, env);
        foreach (var c in All().Where(d => d.GetProperty("kind").GetString() == "StatefulSet")
                     .SelectMany(d => d.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray()))
        {
            Assert.True(c.GetProperty("resources").TryGetProperty("requests", out _), $"{c.GetProperty("name")} has no resource requests");
            Assert.True(c.GetProperty("resources").TryGetProperty("limits", out _), $"{c.GetProperty("name")} has no resource limits");
            Assert.True(c.TryGetProperty("readinessProbe", out _), $"{c.GetProperty("name")} has no readiness probe");
        }

        var secrets = container.GetProperty("envFrom").EnumerateArray().Where(e => e.TryGetProperty("secretRef", out _))
            .Select(e => e.GetProperty("secretRef").GetProperty("name").GetString()).ToList();
        Assert.Contains("warning-silo-secrets", secrets);   // API keys and the broker login, not in the ConfigMap

        var config = Map(Kind("ConfigMap", "warning-silo").GetProperty("data"));
        Assert.Equal("none", config["Api__Auth__AnonymousRole"]);
        var mosquitto = Map(Kind("ConfigMap", "mosquitto").GetProperty("data"))["mosquitto.conf"];
        Assert.Contains("allow_anonymous false", mosquitto, StringComparison.Ordinal);
        Assert.Contains("acl_file /mosquitto/auth/acl", mosquitto, StringComparison.Ordinal);
        Assert.Equal("redis", config["Cluster__Provider"]);
        Assert.Equal("true", config["Cluster__Kubernetes"]);
        var redisArgs = Kind("StatefulSet", "redis").GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0]
            .GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal("always", redisArgs[redisArgs.IndexOf("--appendfsync") + 1]);
    }

    [Fact]
    public void The_silo_role_lets_orleans_watch_its_pods()
    {
        var rule = Kind("Role", "warning-silo-pods").GetProperty("rules")[0];
        Assert.Contains("pods", rule.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Superset(new HashSet<string?> { "get", "list", "watch" }, rule.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()).ToHashSet());
        var binding = Kind("RoleBinding", "warning-silo-pods");
        Assert.Equal("warning-silo", binding.GetProperty("subjects")[0].GetProperty("name").GetString());
    }
}
