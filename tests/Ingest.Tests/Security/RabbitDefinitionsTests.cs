using System.Text.Json;
using System.Text.RegularExpressions;
using Warning.Ingest.Security;

namespace Warning.Ingest.Tests.Security;

/// <summary>RabbitMQ's accounts for the devices and the engine: its own hash form, and each device on its own topics only.</summary>
public sealed class RabbitDefinitionsTests
{
    [Fact]
    public void A_hash_is_salted_sha256_in_rabbitmqs_form_and_verifies_only_its_secret()
    {
        var hash = RabbitDefinitions.Hash("s3cret");
        Assert.Equal(36, Convert.FromBase64String(hash).Length);   // 4 bytes of salt, 32 of SHA-256
        Assert.NotEqual(hash, RabbitDefinitions.Hash("s3cret"));    // salted
        Assert.True(RabbitDefinitions.Verify("s3cret", hash));
        Assert.False(RabbitDefinitions.Verify("s3cret!", hash));
    }

    [Theory]
    [InlineData("sensors.rain.QA-RAIN-01.telemetry", true)]
    [InlineData("sensors.landslide.QA-RAIN-01.status", true)]
    [InlineData("sensors.rain.QA-RAIN-02.telemetry", false)]
    [InlineData("sensors.rain.QA-RAIN-01X.telemetry", false)]
    [InlineData("sensors.rain.QA-RAIN-01.telemetry.more", false)]
    [InlineData("alerts.rain.QA-RAIN-01.telemetry", false)]
    public void A_device_writes_only_its_own_telemetry_and_status(string routingKey, bool allowed) =>
        Assert.Equal(allowed, Regex.IsMatch(routingKey, RabbitDefinitions.DeviceTopicPattern("QA-RAIN-01")));

    [Fact]
    public void The_document_gives_the_engine_its_queue_and_each_device_write_only_access()
    {
        using var doc = JsonDocument.Parse(RabbitDefinitions.Document("warning-engine", RabbitDefinitions.Hash("e"), "warning-ingest", "amq.topic",
            [("QA-RAIN-01", RabbitDefinitions.Hash("a")), ("QA-RAIN-02", RabbitDefinitions.Hash("b"))]));
        var users = doc.RootElement.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(["warning-engine", "QA-RAIN-01", "QA-RAIN-02"], users.Select(u => u.GetProperty("name").GetString()));
        Assert.All(users, u => Assert.Equal(RabbitDefinitions.HashingAlgorithm, u.GetProperty("hashing_algorithm").GetString()));
        var permissions = doc.RootElement.GetProperty("permissions").EnumerateArray().ToDictionary(p => p.GetProperty("user").GetString()!);
        Assert.Matches(permissions["warning-engine"].GetProperty("read").GetString()!, "warning-ingest");
        Assert.DoesNotMatch(permissions["warning-engine"].GetProperty("configure").GetString()!, "other-queue");
        var device = permissions["QA-RAIN-01"];
        Assert.Equal("^$", device.GetProperty("read").GetString());
        Assert.Equal("^$", device.GetProperty("configure").GetString());
        Assert.Equal(@"^amq\.topic$", device.GetProperty("write").GetString());
        var topics = doc.RootElement.GetProperty("topic_permissions").EnumerateArray().ToList();
        Assert.Equal(2, topics.Count);
        Assert.All(topics, t => Assert.Equal("amq.topic", t.GetProperty("exchange").GetString()));
    }
}
