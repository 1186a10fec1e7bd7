// Placeholders for the foundation (branch core) until it is merged; deleted at the merge.
#pragma warning disable
namespace Tiketi.Core.Redis
{
    public sealed class RedisStore
    {
        public StackExchange.Redis.IDatabase Database { get; } = null!;
    }
}

namespace Tiketi.Core.Events
{
    public sealed class EventCache
    {
        public Task InvalidateEventAsync(Guid eventId) => Task.CompletedTask;
    }
}
