// Placeholder for the foundation (branch core) until it is merged; deleted at the merge.
#pragma warning disable
namespace Tiketi.Edge.Api
{
    public static class CurrentUserPlaceholder
    {
        public static TBuilder RequireUser<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder;
    }
}
