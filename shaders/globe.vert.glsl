#version 330 core
// Unit sphere from a (longitude, latitude) grid; the seam column is duplicated so texture
// coordinates never wrap inside a triangle. Shading is per vertex: the fragment shader is one
// texture fetch, because on llvmpipe the globe covers ~40% of the screen every frame.
layout(location = 0) in vec2 a_lonlat; // radians

uniform mat4 u_vp;
uniform vec3 u_eye;
uniform vec3 u_light; // direction towards the light, world space
uniform float u_lit;  // 1: sunlit (satellite), 0: flat (baked styles)

out vec2 v_uv; // equirectangular: u from lon -180, v from the north pole
out float v_shade;
out vec3 v_rim;

const float PI = 3.14159265;
const vec3 RIM = vec3(0.10, 0.24, 1.00);

void main()
{
    float lon = a_lonlat.x, lat = a_lonlat.y;
    vec3 p = vec3(cos(lat) * sin(lon), sin(lat), cos(lat) * cos(lon));
    float facing = max(dot(p, normalize(u_eye - p)), 0.0);
    float sun = mix(1.0, 0.2 + 0.9 * max(dot(p, u_light), 0.0), u_lit);
    v_uv = vec2((lon + PI) / (2.0 * PI), (0.5 * PI - lat) / PI);
    v_shade = (0.35 + 0.65 * facing) * sun;
    v_rim = RIM * pow(1.0 - facing, 3.0) * 0.4;
    gl_Position = u_vp * vec4(p, 1.0);
}
