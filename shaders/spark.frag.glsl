#version 330 core
// Source glow: a soft disc. Impact flash: an expanding ring with a white centre.
flat in vec3 v_color;
flat in float v_alpha;
flat in float v_impact;

out vec4 o_color;

void main()
{
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(d, d);
    float disc = max(0.0, 1.0 - r2);
    float ring = max(0.0, 1.0 - abs(r2 - 0.7) * 5.0);
    float shape = mix(disc * disc, ring + disc * disc * disc * 0.6, v_impact);
    vec3 col = mix(v_color, vec3(1.0), 0.35 * v_impact * disc);
    o_color = vec4(col * shape * v_alpha, 1.0);
}
