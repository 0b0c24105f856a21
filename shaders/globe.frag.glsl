#version 330 core
// The style's colours (ocean, land, coast glow, lights, graticule) are baked into u_tex on the
// CPU at load; only the lighting and the fresnel rim from the vertex shader are added here.
in vec2 v_uv;
in float v_shade;
in vec3 v_rim;

uniform sampler2D u_tex;

out vec4 o_color;

void main()
{
    o_color = vec4(texture(u_tex, v_uv).rgb * v_shade + v_rim, 1.0);
}
