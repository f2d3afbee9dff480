using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Warning.Publication.Channels;
using Warning.Publication.Outbox;

namespace Warning.Publication.Tests.Channels;

public sealed class GatewayRequestsTests
{
    private static readonly ChannelsOptions Options = new() { Sms = { Url = "http://sms.local/send" }, Broadcast = { Url = "http://broadcast.local/play" } };

    [Fact]
    public async Task A_long_SMS_goes_as_numbered_segments_under_one_message_id()
    {
        var text = new string('雨', 100);
        var message = new OutboxMessage("m1", "W", 1, [], "sms", "r1", "+8613800000001", "red", ["A"], text);
        var requests = GatewayRequests.For(message, Options).Select(f => f()).ToList();

        Assert.Equal(2, requests.Count);
        var bodies = await Task.WhenAll(requests.Select(async r => JsonDocument.Parse(await r.Content!.ReadAsStringAsync()).RootElement));
        Assert.All(bodies, b => Assert.Equal("m1", b.GetProperty("messageId").GetString()));
        Assert.Equal([1, 2], bodies.Select(b => b.GetProperty("segment").GetInt32()));
        Assert.All(bodies, b => Assert.Equal(2, b.GetProperty("segments").GetInt32()));
        Assert.Equal(text, string.Concat(bodies.Select(b => b.GetProperty("text").GetString())));
    }

    [Fact]
    public async Task A_webhook_body_is_signed_with_HMAC_SHA256_of_the_subscribers_secret()
    {
        const string body = """{"id":"W","level":"red"}""";
        var message = new OutboxMessage("m2", "W", 1, [], "webhook", "subscription:sub-1", "http://hook.local/a", "red", ["A"], "t", body, "0123456789abcdef");
        var request = Assert.Single(GatewayRequests.For(message, Options)).Invoke();

        var expected = "sha256=" + Convert.ToHexStringLower(new HMACSHA256(Encoding.UTF8.GetBytes("0123456789abcdef")).ComputeHash(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(expected, Assert.Single(request.Headers.GetValues(GatewayRequests.SignatureHeader)));
        Assert.Equal(body, await request.Content!.ReadAsStringAsync());
        Assert.NotEqual(expected, GatewayRequests.Signature("another-secret-16ch", body));
    }
}
