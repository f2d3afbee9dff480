using System.Diagnostics;
using Warning.Ingest.Security;

namespace Warning.Ingest.Tests.Security;

public sealed class DeviceCredentialTests
{
    [Fact]
    public void A_hash_verifies_its_secret_and_nothing_else()
    {
        var secret = DeviceCredential.NewSecret();
        var hash = DeviceCredential.Hash(secret);
        Assert.StartsWith($"$7${DeviceCredential.Iterations}$", hash, StringComparison.Ordinal);
        Assert.Null(DeviceCredential.Problem(hash));
        Assert.True(DeviceCredential.Verify(secret, hash));
        Assert.False(DeviceCredential.Verify(secret + "x", hash));
        Assert.False(DeviceCredential.Verify("", hash));
        Assert.NotEqual(hash, DeviceCredential.Hash(secret));   // salted
    }

    [Theory]
    [InlineData("plain-secret", "$7$iterations$salt$hash")]
    [InlineData("$6$salt$hash", "$7$iterations$salt$hash")]
    [InlineData("$7$many$c2FsdA==$aGFzaA==", "iterations \"many\"")]
    [InlineData("$7$101$not base64!$aGFzaA==", "base64")]
    [InlineData("$7$101$c2FsdA==$aGFzaA==", "is 4 bytes, expected 64")]
    public void A_malformed_hash_is_named_and_never_verifies(string stored, string problem)
    {
        Assert.Contains(problem, DeviceCredential.Problem(stored), StringComparison.Ordinal);
        Assert.False(DeviceCredential.Verify("hash", stored));
    }

    [Fact]
    public void A_line_from_mosquitto_passwd_verifies_so_one_registry_serves_both_brokers()
    {
        var file = Path.GetTempFileName();
        try
        {
            using (var tool = Process.Start(new ProcessStartInfo("mosquitto_passwd", ["-c", "-b", file, "TEST-RAIN-01", "secret-from-mosquitto"]) { RedirectStandardError = true })!)
            {
                tool.WaitForExit();
                Assert.Equal(0, tool.ExitCode);
            }
            var hash = File.ReadAllText(file).Trim().Split(':', 2)[1];
            Assert.Null(DeviceCredential.Problem(hash));
            Assert.True(DeviceCredential.Verify("secret-from-mosquitto", hash));
            Assert.False(DeviceCredential.Verify("secret-from-mosquitt0", hash));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
