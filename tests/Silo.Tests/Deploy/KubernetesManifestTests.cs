using System.Text.Json;
using Warning.Ingest.Registry;
using Warning.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace Warning.Silo.Tests.Deploy;

/// <summary>
/// <c>deploy/k8s</c> checked without a cluster (no kubectl or schema tool is installable here): every document parses
/// and names its kind, the Kustomization lists every file, selectors match the pods they mean, silos have probes on
/// the engine's health endpoints, resources, the Orleans labels and identity, RBAC and a disruption budget, and the
/// records database: one PostgreSQL with its password from a Secret, which every silo is configured to use.
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
        var rabbit = Map(Kind("ConfigMap", "rabbitmq").GetProperty("data"))["rabbitmq.conf"];
        Assert.Contains("mqtt.allow_anonymous = false", rabbit, StringComparison.Ordinal);
        Assert.Equal("redis", config["Cluster__Provider"]);
        Assert.Equal("true", config["Cluster__Kubernetes"]);
        var redisArgs = Kind("StatefulSet", "redis").GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0]
            .GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal("always", redisArgs[redisArgs.IndexOf("--appendfsync") + 1]);
    }

    [Fact]
    public void The_records_database_is_one_postgres_with_its_password_from_a_secret_and_the_silos_use_it()
    {
        var listed = Documents("kustomization.yaml").Single().GetProperty("resources").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("postgres.yaml", listed);

        var service = Kind("Service", "postgres").GetProperty("spec");
        Assert.Equal("None", service.GetProperty("clusterIP").GetString());   // headless: postgres-0.postgres names the pod
        Assert.Equal(5432, service.GetProperty("ports")[0].GetProperty("port").GetInt32());
        var set = Kind("StatefulSet", "postgres").GetProperty("spec");
        Assert.Equal("postgres", set.GetProperty("serviceName").GetString());
        Assert.Equal(1, set.GetProperty("replicas").GetInt32());
        var podLabels = Map(set.GetProperty("template").GetProperty("metadata").GetProperty("labels"));
        Assert.All(Map(set.GetProperty("selector").GetProperty("matchLabels")), s => Assert.Equal(s.Value, podLabels.GetValueOrDefault(s.Key)));
        Assert.All(Map(service.GetProperty("selector")), s => Assert.Equal(s.Value, podLabels.GetValueOrDefault(s.Key)));

        var container = set.GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        Assert.StartsWith("postgres:15", container.GetProperty("image").GetString(), StringComparison.Ordinal);
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
            Assert.Equal("pg_isready", container.GetProperty(probe).GetProperty("exec").GetProperty("command")[0].GetString());
        var resources = container.GetProperty("resources");
        Assert.True(resources.TryGetProperty("requests", out _) && resources.TryGetProperty("limits", out _));

        // The data on the claim template's volume, PGDATA below the mount point.
        var claims = set.GetProperty("volumeClaimTemplates").EnumerateArray().Select(c => c.GetProperty("metadata").GetProperty("name").GetString()).ToList();
        var dataMount = container.GetProperty("volumeMounts").EnumerateArray().Single(m => claims.Contains(m.GetProperty("name").GetString()))
            .GetProperty("mountPath").GetString()!;
        var env = container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.StartsWith(dataMount + "/", env["PGDATA"].GetProperty("value").GetString(), StringComparison.Ordinal);

        // The password only from the Secret warning-records, never written in a manifest.
        var password = env["POSTGRES_PASSWORD"].GetProperty("valueFrom").GetProperty("secretKeyRef");
        Assert.Equal("warning-records", password.GetProperty("name").GetString());
        Assert.Equal("password", password.GetProperty("key").GetString());
        Assert.False(env["POSTGRES_PASSWORD"].TryGetProperty("value", out _));

        // Every silo: Records__Provider=postgres, and a connection string to that server, database and role with the
        // password from the same Secret, expanded by Kubernetes (so RECORDS_PASSWORD must come before it).
        var config = Map(Kind("ConfigMap", "warning-silo").GetProperty("data"));
        Assert.Equal("postgres", config["Records__Provider"]);
        Assert.False(config.ContainsKey("Records__ConnectionString"));
        var siloEnv = Kind("StatefulSet", "warning-silo").GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0]
            .GetProperty("env").EnumerateArray().ToList();
        var names = siloEnv.Select(e => e.GetProperty("name").GetString()).ToList();
        var secretRef = siloEnv[names.IndexOf("RECORDS_PASSWORD")].GetProperty("valueFrom").GetProperty("secretKeyRef");
        Assert.Equal(("warning-records", "password"), (secretRef.GetProperty("name").GetString(), secretRef.GetProperty("key").GetString()));
        Assert.True(names.IndexOf("RECORDS_PASSWORD") < names.IndexOf("Records__ConnectionString"),
            "RECORDS_PASSWORD must come before Records__ConnectionString, or Kubernetes leaves $(RECORDS_PASSWORD) unexpanded");
        var connection = siloEnv[names.IndexOf("Records__ConnectionString")].GetProperty("value").GetString()!
            .Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("postgres-0.postgres", connection["Host"]);
        Assert.Equal("5432", connection["Port"]);
        Assert.Equal(env["POSTGRES_DB"].GetProperty("value").GetString(), connection["Database"]);
        Assert.Equal(env["POSTGRES_USER"].GetProperty("value").GetString(), connection["Username"]);
        Assert.Equal("$(RECORDS_PASSWORD)", connection["Password"]);
    }

    [Fact]
    public void RabbitMQ_runs_three_nodes_one_at_a_time_disrupted_with_a_quorum_queue_the_silos_consume_and_accounts_from_a_secret()
    {
        var set = Kind("StatefulSet", "rabbitmq").GetProperty("spec");
        Assert.Equal(3, set.GetProperty("replicas").GetInt32());
        Assert.Equal("rabbitmq-nodes", set.GetProperty("serviceName").GetString());
        Assert.True(Kind("Service", "rabbitmq-nodes").GetProperty("spec").GetProperty("publishNotReadyAddresses").GetBoolean());
        var budget = Kind("PodDisruptionBudget", "rabbitmq").GetProperty("spec");
        Assert.Equal(1, budget.GetProperty("maxUnavailable").GetInt32());
        Assert.Equal("rabbitmq", Map(budget.GetProperty("selector").GetProperty("matchLabels"))["app"]);

        var config = Map(Kind("ConfigMap", "rabbitmq").GetProperty("data"));
        Assert.Contains("rabbitmq_mqtt", config["enabled_plugins"], StringComparison.Ordinal);
        Assert.Contains("rabbitmq_peer_discovery_k8s", config["enabled_plugins"], StringComparison.Ordinal);
        var conf = config["rabbitmq.conf"].Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && !p[0].TrimStart().StartsWith('#'))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        Assert.Equal("quorum", conf["default_queue_type"]);
        Assert.Equal("3", conf["quorum_cluster_size"]);
        Assert.Equal("pause_minority", conf["cluster_partition_handling"]);
        Assert.Equal("false", conf["mqtt.allow_anonymous"]);
        Assert.Equal("1883", conf["mqtt.listeners.tcp.default"]);

        // The accounts (definitions.json) and the Erlang cookie only from Secrets.
        var volumes = set.GetProperty("template").GetProperty("spec").GetProperty("volumes").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal("rabbitmq-definitions", volumes["definitions"].GetProperty("secret").GetProperty("secretName").GetString());
        Assert.Equal("rabbitmq-cookie", volumes["cookie"].GetProperty("secret").GetProperty("secretName").GetString());
        var definitionsMount = set.GetProperty("template").GetProperty("spec").GetProperty("containers")[0].GetProperty("volumeMounts").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == "definitions").GetProperty("mountPath").GetString();
        Assert.Equal(definitionsMount + "/definitions.json", conf["load_definitions"]);

        // The silos take their readings from it; the URL with the engine's password is a Secret's, not the ConfigMap's.
        var silo = Map(Kind("ConfigMap", "warning-silo").GetProperty("data"));
        Assert.Equal("rabbitmq", silo["Ingest__Broker"]);
        Assert.False(silo.ContainsKey("Rabbit__Url"));
        Assert.False(silo.ContainsKey("Mqtt__ExternalBroker"));
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
