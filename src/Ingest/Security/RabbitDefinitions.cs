using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Warning.Ingest.Rabbit;

namespace Warning.Ingest.Security;

/// <summary>
/// RabbitMQ's definitions (users, permissions, topic permissions; loaded with <c>load_definitions</c> or
/// <c>rabbitmqctl import_definitions</c>) for devices speaking MQTT to its plugin and the engine consuming over AMQP —
/// the ACL <see cref="MosquittoAuth"/> gives mosquitto: each device logs in as its sensor id and may publish only to
/// <c>sensors/{kind}/{its id}/telemetry|status</c> (routing keys <c>sensors.{kind}.{id}.…</c> on the MQTT exchange),
/// reads nothing and declares nothing; the engine declares, binds and reads only its queue.
/// </summary>
public static class RabbitDefinitions
{
    public const string HashingAlgorithm = "rabbit_password_hashing_sha256";

    /// <summary>A password hash in RabbitMQ's own form: base64(salt ‖ SHA-256(salt ‖ password)), 4 random bytes of salt.</summary>
    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(secret)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }

    /// <summary>True when <paramref name="secret"/> is the one <paramref name="stored"/> was made from (<see cref="Hash"/>).</summary>
    public static bool Verify(string secret, string stored)
    {
        var bytes = Convert.FromBase64String(stored);
        if (bytes.Length != 4 + 32) return false;
        var hash = SHA256.HashData([.. bytes.AsSpan(0, 4), .. Encoding.UTF8.GetBytes(secret)]);
        return CryptographicOperations.FixedTimeEquals(hash, bytes.AsSpan(4));
    }

    /// <summary>The routing keys a device may write: its own telemetry and status on the MQTT exchange.</summary>
    public static string DeviceTopicPattern(string sensorId) =>
        $@"^sensors\.[^.]+\.{Regex.Escape(RabbitTopic.ToRoutingKey(sensorId))}\.(telemetry|status)$";

    /// <summary>The definitions document: the engine's account and one account per device (sensor id, RabbitMQ hash).</summary>
    public static string Document(string engineUser, string engineHash, string queue, string exchange, IEnumerable<(string SensorId, string Hash)> devices, string vhost = "/")
    {
        var users = new List<object> { User(engineUser, engineHash) };
        var q = Regex.Escape(queue);
        var x = Regex.Escape(exchange);
        var permissions = new List<object>
        {
            new { user = engineUser, vhost, configure = $"^{q}$", write = $"^{q}$", read = $"^({q}|{x})$" },
        };
        var topics = new List<object>();
        foreach (var (id, hash) in devices.OrderBy(d => d.SensorId, StringComparer.Ordinal))
        {
            users.Add(User(id, hash));
            permissions.Add(new { user = id, vhost, configure = "^$", write = $"^{x}$", read = "^$" });
            topics.Add(new { user = id, vhost, exchange, write = DeviceTopicPattern(id), read = "^$" });
        }
        return JsonSerializer.Serialize(new
        {
            users,
            vhosts = new[] { new { name = vhost } },
            permissions,
            topic_permissions = topics,
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    private static object User(string name, string hash) => new { name, password_hash = hash, hashing_algorithm = HashingAlgorithm, tags = "" };
}
