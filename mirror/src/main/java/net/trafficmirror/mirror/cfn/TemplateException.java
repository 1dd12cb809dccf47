package net.trafficmirror.mirror.cfn;

/**
 * A mistake in a CloudFormation template or its parameters, reported as one line
 * {@code file:line: Resources.X.Properties.Y: what is wrong}.
 *
 * <p>Code that only knows the field path (a {@link ResourceProvisioner}) throws it without a location;
 * {@link StackDeployer} then adds the file and line of that path from the template.
 */
public final class TemplateException extends Exception {
    private final String source;
    private final int line;
    private final String path;
    private final String detail;

    /** An error at a field path such as {@code Resources.X.Properties.Y}, located later. */
    public TemplateException(String path, String detail) {
        this(null, 0, path, detail);
    }

    TemplateException(String source, int line, String path, String detail) {
        super(format(source, line, path, detail), null, false, false);
        this.source = source;
        this.line = line;
        this.path = path;
        this.detail = detail;
    }

    /** An error in property {@code propertyPath} (for example {@code NetworkInterfaces[0].SubnetId}) of a resource. */
    public static TemplateException property(String logicalId, String propertyPath, String detail) {
        return new TemplateException("Resources." + logicalId + ".Properties." + propertyPath, detail);
    }

    /** This error with the file and line of its path in {@code template}, unless it already has them. */
    public TemplateException locatedIn(Template template) {
        if (source != null) return this;
        return new TemplateException(template.sourceName(), path == null ? 0 : template.lineOf(path), path, detail);
    }

    public String path() { return path; }
    public String detail() { return detail; }

    private static String format(String source, int line, String path, String detail) {
        StringBuilder s = new StringBuilder();
        if (source != null) s.append(source).append(line > 0 ? ":" + line : "").append(": ");
        if (path != null && !path.isEmpty()) s.append(path).append(": ");
        return s.append(detail).toString();
    }
}
